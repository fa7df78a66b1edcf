export { objectiveValues, toMinimise, type Objective, type Sense } from './objectives';
export { crowdingDistance, paretoRanks } from './sort';
export { defaultReference, hypervolume } from './hypervolume';
