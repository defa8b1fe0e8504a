import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pearson } from '../../../src/analysis/feature-correlation.js';
import {
  generateStudents,
  STRESS_LEVELS,
  studentFeatures,
  TARGET_CORRELATIONS,
} from '../../../src/tasks/grades/students.js';

const SEEDS = [1, 2, 3, 7, 42, 2025, 123456, 4294967295];

describe('synthetic student cohort', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: the four correlations with the grade are within ±0.05 of the survey's`, () => {
      const cohort = generateStudents(500, seed);
      assert.equal(cohort.length, 500);
      const grades = cohort.map((s) => s.grade);
      // Computed here from the displayed values, with stress coded 0/1/2 from its label.
      const stressCode = cohort.map((s) => ({ Low: 0, Moderate: 1, High: 2 })[s.stress]);
      const got = {
        study: pearson(
          cohort.map((s) => s.study),
          grades,
        ),
        stress: pearson(stressCode, grades),
        physical: pearson(
          cohort.map((s) => s.physical),
          grades,
        ),
        sleep: pearson(
          cohort.map((s) => s.sleep),
          grades,
        ),
      };
      assert.deepEqual(TARGET_CORRELATIONS, { study: 0.73, stress: 0.58, physical: -0.36, sleep: -0.1 });
      for (const [k, want] of Object.entries(TARGET_CORRELATIONS)) {
        const r = got[k as keyof typeof got];
        assert.ok(r !== null && Math.abs(r - want) <= 0.05, `${k}: r = ${r}, want ${want} ± 0.05`);
      }
    });
  }

  it('has realistic, internally consistent records', () => {
    for (const seed of [1, 99]) {
      const cohort = generateStudents(500, seed);
      const levels = new Set(cohort.map((s) => s.stress));
      assert.deepEqual([...levels].sort(), [...STRESS_LEVELS].sort());
      assert.deepEqual(new Set(cohort.map((s) => s.gender)), new Set(['Male', 'Female']));
      assert.deepEqual(
        cohort.map((s) => s.id),
        cohort.map((_, i) => i + 1),
      );
      for (const s of cohort) {
        assert.ok(s.study >= 5 && s.study <= 10, `study ${s.study}`);
        assert.ok(s.extracurricular >= 0 && s.extracurricular <= 4);
        assert.ok(s.sleep >= 5 && s.sleep <= 10);
        assert.ok(s.social >= 0 && s.social <= 6);
        assert.ok(s.physical >= 0 && s.physical <= 13);
        const day = s.study + s.extracurricular + s.sleep + s.social + s.physical;
        assert.ok(Math.abs(day - 24) < 0.05, `student ${s.id}: the five activities sum to ${day} h`);
        assert.ok(s.grade >= 0 && s.grade <= 10, `grade ${s.grade}`);
        assert.equal(Math.round(s.grade * 100) / 100, s.grade);
        for (const h of [s.study, s.extracurricular, s.sleep, s.social, s.physical]) {
          assert.equal(Math.round(h * 10) / 10, h);
        }
      }
      // Study is the real signal: the top study quartile out-scores the bottom one.
      const byStudy = [...cohort].sort((a, b) => a.study - b.study);
      const avg = (xs: typeof cohort) => xs.reduce((t, s) => t + s.grade, 0) / xs.length;
      assert.ok(avg(byStudy.slice(-125)) > avg(byStudy.slice(0, 125)) + 0.5);
    }
  });

  it('is deterministic by seed', () => {
    assert.deepEqual(generateStudents(100, 5), generateStudents(100, 5));
    assert.notDeepEqual(generateStudents(100, 5), generateStudents(100, 6));
  });

  it('codes features numerically for analysis', () => {
    const [s] = generateStudents(20, 1);
    const f = studentFeatures(s);
    assert.equal(f.stress, STRESS_LEVELS.indexOf(s.stress));
    assert.equal(f.gender, s.gender === 'Male' ? 1 : 0);
    assert.equal(f.study, s.study);
    assert.equal(f.physical, s.physical);
  });

  it('rejects cohorts too small to hold the correlations', () => {
    assert.throws(() => generateStudents(10, 1), RangeError);
  });
});
