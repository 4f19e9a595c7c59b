// Per-question statistics of a quiz, as Moodle's quiz statistics report computes them
// (docs.moodle.org/en/Quiz_statistics_calculations): over the submitted attempts,
//  - facility index F: the mean credit on the question, in percent (how easy it was);
//  - standard deviation of that credit, in percent;
//  - discrimination index D: 100 × the Pearson correlation between the credit on the question
//    and the score on the rest of the quiz (do the learners who do well overall get it right?);
//  - answer distribution: how many attempts gave each response.
// Pure: the caller loads the attempts.

export interface AttemptScores {
  /** Credit (0–1) by question id; a question left unanswered counts as 0. */
  credit: Record<string, number>;
  /** Response label by question id (lib/quizzes/grade.ts responseLabel), for the distribution. */
  responses: Record<string, string>;
}

export interface ItemStatistics {
  question: string;
  /** Attempts that answered it. */
  answered: number;
  facilityPercent: number | null;
  sdPercent: number | null;
  /** null when there are fewer than two attempts or either score does not vary. */
  discriminationPercent: number | null;
  distribution: Array<{ response: string; count: number }>;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function sd(xs: number[]): number {
  // Moodle uses the sample standard deviation (n − 1).
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function correlation(xs: number[], ys: number[]): number | null {
  if (xs.length < 2) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** `weights`: each question's points, in quiz order. */
export function itemAnalysis(weights: Array<{ id: string; points: number }>, attempts: AttemptScores[]): ItemStatistics[] {
  const totals = attempts.map((a) => weights.reduce((s, w) => s + (a.credit[w.id] ?? 0) * w.points, 0));
  return weights.map((w) => {
    const credits = attempts.map((a) => a.credit[w.id] ?? 0);
    const rest = attempts.map((a, i) => totals[i]! - (a.credit[w.id] ?? 0) * w.points);
    const counts = new Map<string, number>();
    for (const a of attempts) {
      const r = a.responses[w.id];
      if (r !== undefined) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    const d = correlation(credits, rest);
    return {
      question: w.id,
      answered: attempts.filter((a) => a.responses[w.id] !== undefined).length,
      facilityPercent: attempts.length ? round1(100 * mean(credits)) : null,
      sdPercent: attempts.length ? round1(100 * sd(credits)) : null,
      discriminationPercent: d === null ? null : round1(100 * d),
      distribution: [...counts]
        .map(([response, count]) => ({ response, count }))
        .sort((a, b) => b.count - a.count || (a.response < b.response ? -1 : 1)),
    };
  });
}
