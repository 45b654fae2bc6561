// Where RoleCall's own files are (data/demo, node_modules): the working directory for the server
// (next start and the standalone server run from their directory), and the package's directory
// for the rolecall command, which runs from wherever its user is (it calls setAppRoot first).

let root: string | undefined;

export function setAppRoot(dir: string): void {
  root = dir;
}

export function appRoot(): string {
  return root ?? process.cwd();
}
