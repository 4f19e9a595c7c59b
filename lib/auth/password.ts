import bcrypt from "bcryptjs";

// bcryptjs: a maintained, dependency-free bcrypt (no native build step on fresh machines).
/** Cost 12 ≈ a quarter of a second per hash here: slow for attackers, fine for people. */
export const BCRYPT_COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the account does not exist, so a wrong e-mail costs the same
// time as a wrong password and response times do not reveal which addresses exist.
const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5sVnH4hP8kCEGkY1DPzdnUJ2s2uMEfa";

export async function verifyAgainstDummy(password: string): Promise<false> {
  await bcrypt.compare(password, DUMMY_HASH);
  return false;
}
