// Every `rolecall` command, in the order `rolecall --help` lists them. One file each.

import type { Command } from "../cli/command";
import { whoCanAssume } from "./who-can-assume";

export const COMMANDS: Command[] = [whoCanAssume];
