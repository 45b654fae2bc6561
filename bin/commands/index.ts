// Every `rolecall` command, in the order `rolecall --help` lists them. One file each.

import type { Command } from "../cli/command";

export const COMMANDS: Command[] = [];
