// Sampling defaults shared by the studio, the eval and the bench (no runtime imports: the UI bundle reads them).

/**
 * Default scale of the prior's starting noise. Below 1 the samples keep to denser latent regions: on the
 * models of 2026-12-01 0.8 moved w1_mw, w1_qed, w1_sa and snn toward the data for a small loss of intdiv
 * (npm run eval -- mol-zinc --noise S; the eval JSON records the value used).
 */
export const NOISE_DEFAULT = 0.8;

/**
 * Default decoder temperature. 0 (greedy) makes each latent decode to one molecule, the one whose
 * properties the prior was conditioned on (decode_train.py decodes greedily too); on the shipped decoder it
 * also moved snn, w1_qed and w1_sa toward the data compared with 0.3 (npm run eval --temperature).
 */
export const TEMPERATURE_DEFAULT = 0;
