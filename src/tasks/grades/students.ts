import { Rng } from '../../util/rng.js';
import { covariance, covarianceMatrix, mean, solve } from './linalg.js';

export type StressLevel = 'Low' | 'Moderate' | 'High';
export const STRESS_LEVELS: readonly StressLevel[] = ['Low', 'Moderate', 'High'];

/** One synthetic survey respondent. Hours are per day, one decimal; the five sum to 24.0. */
export interface Student {
  id: number;
  study: number;
  extracurricular: number;
  sleep: number;
  social: number;
  physical: number;
  stress: StressLevel;
  gender: 'Male' | 'Female';
  /** 0–10, two decimals. */
  grade: number;
}

/**
 * Correlations of each feature with the grade in the real student-lifestyle survey the paper used
 * (stress coded Low 0, Moderate 1, High 2). The generator reproduces them in every sample.
 */
export const TARGET_CORRELATIONS = { study: 0.73, stress: 0.58, physical: -0.36, sleep: -0.1 } as const;

const GRADE_MEAN = 7.5;
const GRADE_SD = 0.7;

/** Numeric coding of a student's features, for correlation analysis (stress 0/1/2, gender Male = 1). */
export function studentFeatures(s: Student): Record<string, number> {
  return {
    study: s.study,
    extracurricular: s.extracurricular,
    sleep: s.sleep,
    social: s.social,
    physical: s.physical,
    stress: STRESS_LEVELS.indexOf(s.stress),
    gender: s.gender === 'Male' ? 1 : 0,
  };
}

/**
 * A seeded cohort of `n` students.
 *
 * Features: study 5–10 h, extracurricular 0–4 h, sleep 5–10 h and social 0–6 h are drawn uniformly;
 * physical activity is what remains of the 24-hour day (kept within 0–13 h, as in the survey), so it
 * falls as study rises. Stress rises with study and falls with sleep, plus individual noise.
 *
 * Grade: a linear function of study, stress, physical activity and sleep plus noise. The sampling
 * error of a correlation at n = 500 is about 0.04, as large as the ±0.05 the task promises, so the
 * coefficients are solved on this very sample and the noise is made orthogonal to the features:
 * the four correlations then equal their targets in every cohort (up to the rounding of grades).
 */
export function generateStudents(n: number, seed: number): Student[] {
  if (!Number.isInteger(n) || n < 20) throw new RangeError('a cohort needs at least 20 students');
  const rng = new Rng(seed);
  // A sample whose features leave no room for the target correlations is redrawn (vanishingly rare at n ≥ 20).
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = drawFeatures(rng, n);
    const grades = constructGrades(rng, base);
    if (grades) return base.map((s, i) => ({ ...s, grade: grades[i] }));
  }
  throw new Error(`could not construct grades for ${n} students`);
}

type Features = Omit<Student, 'grade'>;

// `+ 0` turns a rounded -0 into 0.
const oneDecimal = (x: number): number => Math.round(x * 10) / 10 + 0;

function drawFeatures(rng: Rng, n: number): Features[] {
  const out: Features[] = [];
  while (out.length < n) {
    const study = oneDecimal(5 + 5 * rng.next());
    const extracurricular = oneDecimal(4 * rng.next());
    const sleep = oneDecimal(5 + 5 * rng.next());
    const social = oneDecimal(6 * rng.next());
    const physical = oneDecimal(24 - study - extracurricular - sleep - social);
    if (physical < 0 || physical > 13) continue;
    const strain = (0.9 * (study - 7.5) - 0.5 * (sleep - 7.5)) / 1.44 + 0.55 * rng.normal();
    const stress: StressLevel = strain < -0.7 ? 'Low' : strain < 0.25 ? 'Moderate' : 'High';
    const gender = rng.chance(0.5) ? 'Male' : 'Female';
    out.push({ id: out.length + 1, study, extracurricular, sleep, social, physical, stress, gender });
  }
  return out;
}

/** Grades whose sample correlations with the four target features are exact; null if infeasible. */
function constructGrades(rng: Rng, students: Features[]): number[] | null {
  const cols = [
    students.map((s) => s.study),
    students.map((s) => STRESS_LEVELS.indexOf(s.stress)),
    students.map((s) => s.physical),
    students.map((s) => s.sleep),
  ];
  const targets = [
    TARGET_CORRELATIONS.study,
    TARGET_CORRELATIONS.stress,
    TARGET_CORRELATIONS.physical,
    TARGET_CORRELATIONS.sleep,
  ];
  const sigma = covarianceMatrix(cols);
  const sds = sigma.map((row, i) => Math.sqrt(row[i]));
  // Wanted cov(feature_j, grade) = r_j · sd_j · sd_grade; solve Σ b = c for the coefficients.
  const c = targets.map((r, j) => r * sds[j] * GRADE_SD);
  let b: number[];
  try {
    b = solve(sigma, c);
  } catch {
    return null;
  }
  const explained = c.reduce((s, cj, j) => s + cj * b[j], 0);
  const residualVar = GRADE_SD ** 2 - explained;
  if (residualVar < 0.05 * GRADE_SD ** 2) return null;

  // Noise, with its projection on the features removed, scaled to the residual variance.
  let noise = students.map(() => rng.normal());
  const g = solve(
    sigma,
    cols.map((col) => covariance(col, noise)),
  );
  const means = cols.map(mean);
  noise = noise.map((e, i) => e - cols.reduce((s, col, j) => s + g[j] * (col[i] - means[j]), 0));
  const m = mean(noise);
  noise = noise.map((e) => e - m);
  const scale = Math.sqrt(residualVar / (noise.reduce((s, e) => s + e * e, 0) / noise.length));

  return students.map((_, i) => {
    const signal = cols.reduce((s, col, j) => s + b[j] * (col[i] - means[j]), 0);
    const grade = GRADE_MEAN + signal + scale * noise[i];
    return Math.round(Math.min(10, Math.max(0, grade)) * 100) / 100;
  });
}
