// Every `rolecall` command, in the order `rolecall --help` lists them. One file each.

import type { Command } from "../cli/command";
import { check } from "./check";
import { credentialProcess } from "./credential-process";
import { diagnose } from "./diagnose";
import { env } from "./env";
import { exec } from "./exec";
import { sessions } from "./sessions";
import { simulate } from "./simulate";
import { snapshot } from "./snapshot";
import { whoCanAssume } from "./who-can-assume";

export const COMMANDS: Command[] = [diagnose, check, whoCanAssume, exec, env, credentialProcess, simulate, sessions, snapshot];
