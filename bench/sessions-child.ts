// One measurement of the CloudTrail reader, in its own process (bench/sessions.ts starts it, bundled
// as bench/bundle.ts says): `node sessions-child.mjs DIR` prints the Measurement as JSON.

import { readFixture } from "./sessions";

readFixture(process.argv[2]!).then(
  (m) => console.log(JSON.stringify(m)),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
