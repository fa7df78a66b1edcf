// Sampling defaults shared by the studio, the eval and the bench (no runtime imports: the UI bundle reads them).

/**
 * Default scale of the prior's starting noise. Below 1 the samples keep to denser latent regions, trading
 * diversity for fidelity, like a GAN's truncation. Unconditioned samples drift in logP as the noise falls, so
 * runs without targets are conditioned on training molecules' properties (CONDITION_NOTE), which lets the noise
 * go lower. Student k=4 as distilled before align_students.py, 5,000 samples and 1,000 per target, aim 0.4
 * (npm run eval -- mol-zinc --noise S): 0.5: snn_test 0.332, unique@10k 0.997, T4 0.267, W1 of logP/QED/SA/MW
 * 0.23/0.029/0.14/11.2 (against 0.29/0.042/0.20/16.0 at the old 0.75 unconditioned). With the same 50,000
 * condition rows in an earlier order (hit rates do not depend on it, the no-target metrics move by sampling
 * noise): 0.3: snn 0.348, unique@10k 0.975, T4 0.301; 0.4: 0.338, 0.991, T4 0.284. 0.5 kept uniqueness clear
 * of its bar (0.99). Since the latent confidence head picks the surer latents (PICK_DEFAULT), which also repeat
 * molecules more, 0.6 leaves room for it (the sweep is at PICK_DEFAULT).
 */
export const NOISE_DEFAULT = 0.6;

/**
 * How the prior is conditioned by default (GenerateSettings.condition). Without targets: on all five
 * properties of a random training molecule, at guidance 1 — the data's own mixture, so the property
 * distributions stay on the data's at low noise (student k=4, noise 0.3, aim 0.25, 1,000 samples each:
 * w1_logp 0.28 against 0.67 unconditioned). With targets or a start molecule: each targeted property a value
 * from its aimed box, the rest free: pinning the others to a real molecule's values lowered T4 from 0.30 to
 * 0.16 and T2 from 0.32 to 0.27 (T3 rose from 0.51 to 0.56), measured with npm run eval -- mol-zinc
 * --condition data|box.
 */
export const CONDITION_NOTE = 'data without targets, box with them';

/** GenerateSettings.condition when it is not given; a start molecule's neighbourhood is not the data's mixture. */
export function defaultCondition(s: { targets: readonly unknown[]; start?: unknown }): 'data' | 'box' {
  return s.targets.length || s.start ? 'box' : 'data';
}

/**
 * Default classifier-free guidance weight. On the decoded-label prior, student k=4, guidance 5 hit the fixed
 * targets more often than 3 (T1 0.20 vs 0.16, T2 0.28 vs 0.25, T4 0.15 vs 0.14; npm run eval --guidance W).
 */
export const GUIDANCE_DEFAULT = 5;

/**
 * Default decoder temperature. 0 (greedy) makes each latent decode to one molecule, the one whose
 * properties the prior was conditioned on (decode_train.py decodes greedily too); on the shipped decoder it
 * also moved snn, w1_qed and w1_sa toward the data compared with 0.3, and w1_logp away from it, still within
 * its bar in the full eval (npm run eval --temperature).
 */
export const TEMPERATURE_DEFAULT = 0;

/**
 * Default fraction of each target box the prior's condition values keep clear at either end (see
 * GenerateSettings.aim): 0.4 asks for the middle fifth. Decodes scatter around the value asked for, so values
 * near an edge lose half their scatter outside the box. Student k=4, noise 0.3, 1,000 guided samples per
 * target (npm run eval -- mol-zinc --aim F): T1/T2/T3/T4 0.252/0.323/0.507/0.303 at 0.25 and
 * 0.242/0.340/0.535/0.301 at 0.4, the hits a little less diverse (intdiv 0.75-0.83 at both). Earlier models
 * at noise 0.75 gave 0.206/0.276/0.387/0.169 at 0 and 0.225/0.304/0.535/0.164 at 0.25.
 */
export const AIM_DEFAULT = 0.4;

/**
 * Default number of latents the prior draws for each one decoded when there are targets (GenerateSettings.screen):
 * the latent property head keeps the likeliest to decode inside every target box. Student k=4, 1,000 guided
 * samples per target (npm run eval -- mol-zinc --variants student-k4 --samples 1000 --target-samples 1000
 * --screen F), T1/T2/T3/T4 hit rates: none screened 0.244/0.297/0.587/0.292; 4: 0.390/0.359/0.643/0.412;
 * 6: 0.418/0.339/0.624/0.443; 8: 0.433/0.378/0.688/0.485, the hits about as diverse (intdiv 0.73-0.85 at each).
 * T4 asks for a narrow corner and its screened runs repeat molecules more (830, 827, 765 unique of 1,000 against
 * 959 unscreened in that eval), still more unique hits per 1,000 decoded (342, 366, 371 against 280).
 * Each 1,000 took 3 s unscreened, 5, 6 and 7 s screened, in one thread: the extra draws cost more than the
 * decodes they save, so screening trades speed for a candidate list with more hits.
 * That sweep was with the first head, trained on posterior means only. With the current one, which also learns
 * from the samplers' own latents (aligned students, float16; T1/T2/T3/T4, unique of 1,000): 4:
 * 0.475/0.437/0.712/0.508, 953/929/998/819; 6: 0.469/0.485/0.722/0.580, 941/926/990/778; 8:
 * 0.485/0.467/0.744/0.615, 927/911/989/704, at 4, 7 and 7 s per 1,000. 6 stays: 8 adds little but T4's repeats.
 * With the int8 networks, 6 gives 0.484/0.480/0.699/0.582, 937/918/987/756 (eval-mol-zinc.json).
 */
export const SCREEN_DEFAULT = 6;

/** Most latents drawn per latent decoded (GenerateSettings.screen). */
export const MAX_SCREEN = 16;

/**
 * Latents a run draws for each one it decodes: its `screen` when it has targets, else 1 (there is nothing to
 * screen for). A run that does not say drew one: screening is asked for, never implied (runs saved before it existed).
 */
export function latentsPerDecode(s: { targets?: readonly unknown[]; screen?: number }): number {
  return s.targets?.length ? (s.screen ?? 1) : 1;
}

/**
 * Default fraction of the decodes a run keeps, the ones the decoder is surest of (GenerateSettings.confident):
 * all of them. Keeping fewer moves every quality metric toward the data but repeats molecules more, like lower
 * noise, and the decoder works 1 / confident times as hard. Student k=4, 10,000 samples without targets (npm run
 * eval -- mol-zinc --variants student-k4 --samples 10000 --targets none --noise S --confident F --pick 1), snn_test /
 * unique@10k / W1 QED / W1 SA: noise 0.5, confident 1: 0.331 / 0.994 / 0.036 / 0.160; 0.6: 0.350 / 0.989 / 0.018 /
 * 0.081; 0.5: 0.355 / 0.986 / 0.014 / 0.143. Noise 0.6, 0.5: 0.348 / 0.994; noise 0.7, 0.5: 0.342 / 0.995; noise
 * 0.7, 0.35: 0.350 / 0.993; noise 0.6, 0.4: 0.353 / 0.992 / 0.014 / 0.156, the one setting tried that clears
 * both the snn_test (0.35) and unique@10k (0.99) bars; eval-mol-zinc-confident.json has all its metrics.
 * It stays off by default because 2.5 decodes per molecule take the bench below its 1,000 molecules/s bar
 * (npm run bench -- --only generator --noise 0.6 --confident 0.4 --pick 1; README). The latent confidence head
 * (PICK_DEFAULT) does most of its work before decoding.
 */
export const CONFIDENT_DEFAULT = 1;

/** Smallest GenerateSettings.confident: at most 4 decodes per molecule kept (the sweep above went down to 0.35). */
export const MIN_CONFIDENT = 0.25;

/** Fraction of a run's decodes it keeps (GenerateSettings.confident); runs that do not say kept them all. */
export function confidentFraction(s: { confident?: number }): number {
  return s.confident ?? 1;
}

/**
 * Default fraction of the prior's runs whose latents are decoded (GenerateSettings.pick): the latent confidence
 * head keeps the 0.4 it ranks surest, half way through the runs (PICK_TIME). Student k=4, 10,000 samples without
 * targets (npm run eval -- mol-zinc --variants student-k4 --samples 10000 --targets none --noise S --pick F
 * [--confident F] [--models DIR]), snn_test / unique@10k. First with a version never committed, which picked at
 * the runs' end, not half way: a first head (train_latent_confidence.py
 * samples=train.prior,train.prior3,train.renoise1 steps=3000, exported to DIR): noise
 * 0.6, pick 0.4: 0.351 / 0.992; 0.6, 0.35: 0.355 / 0.989; 0.5, 0.5: 0.359 / 0.987; 0.7, 0.3: 0.353 / 0.988. Four
 * members on all six pair files, at the end: 0.6, 0.4: 0.351 / 0.991; with `confident` on top, 0.6, pick 0.5,
 * confident 0.8: 0.353 / 0.992, for 1.25 decodes a molecule. The shipped head, half way, at 0.6 and 0.4: 0.350 /
 * 0.991 (eval-mol-zinc.json). The bench's 4-step student made 1,156 valid unique molecules/s at the shipped
 * setting against 943 with that version and the four-member head (npm run bench -- --only generator; README).
 */
export const PICK_DEFAULT = 0.4;

/** Smallest GenerateSettings.pick: at most 4 latents drawn per decode. */
export const MIN_PICK = 0.25;

/**
 * Fraction of a run's latents the confidence head passed (GenerateSettings.pick): its `pick` without targets,
 * else 1. With targets the latent property head's screen chooses the latents; picking among them as well doubled
 * the time of the 4-step student's targeted runs and repeated molecules more, for fewer unique hits on T2-T4
 * (noise 0.6, 1,000 per target, unique hits per 1,000 decoded: T1/T2/T3/T4 475/399/693/398 with pick 0.4 against
 * 441/435/715/494 without; npm run eval -- mol-zinc --variants student-k4 --samples 1000 --target-samples 1000
 * --pick 0.4|1, before this rule). Runs that do not say passed them all.
 */
export function pickFraction(s: { targets?: readonly unknown[]; pick?: number }): number {
  return s.targets?.length ? 1 : (s.pick ?? 1);
}

/**
 * The prior's runs are picked among (GenerateSettings.pick) at their first step from a time at most this one:
 * by then the head ranks their estimates of their end points as well as the end points themselves, and the
 * steps after run on the picked latents only. The 4-step student, 6,000 runs at noise 0.6
 * (/usr/bin/python3 models/mol_zinc/pick_time.py): Spearman's correlation of the head's ranking with the decoder's
 * confidence after the evaluation at t = 1, 0.75, 0.5, 0.25: 0.581, 0.759, 0.830, 0.834.
 */
export const PICK_TIME = 0.5;
