// First step of `npm start` / `npm run dev`: make sure .env.local exists.
import { ensureLocalEnv, localEnvPath } from "./local-env.mjs";

if (ensureLocalEnv()) console.log(`Created ${localEnvPath} with a fresh NEXTAUTH_SECRET (git-ignored).`);
