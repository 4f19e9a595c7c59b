// What the browser may know about cohorts too: the join code's shape.

/** Characters of a join code. */
export const JOIN_CODE_LENGTH = 8;
