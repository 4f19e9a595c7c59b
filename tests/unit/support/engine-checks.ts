// Every test runs the engine with its development checks on: objects that several readers share
// are frozen, so a reader that changes one throws (lib/engine/freeze.ts).
import { checkSharedObjects } from "@/lib/engine/freeze";

checkSharedObjects(true);
