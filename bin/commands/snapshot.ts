// `rolecall snapshot --out DIR [--cloudtrail-days N] [--regions R1,R2]`: the collector
// (lib/account/collector.ts). Reads every account of ROLECALL_ACCOUNTS as the live source does and
// writes a snapshot directory that ROLECALL_SNAPSHOT_DIR then serves with the same answers.
// Progress on stderr; exit 0 when everything was read, 1 when something was not (the rest is
// written and the failures are named), 2 on bad usage.

import { stat } from "node:fs/promises";
import { EXIT, UsageError, type Command } from "../cli/command";
import { integer, parseCommandArgs, required } from "../cli/args";

const NAME = "snapshot";

export const snapshot: Command = {
  name: NAME,
  summary: "write a snapshot of every account of ROLECALL_ACCOUNTS (IAM, roles, VPC endpoints, SCPs/RCPs, CloudTrail)",
  help: [
    `usage: rolecall ${NAME} --out DIR [--cloudtrail-days N] [--regions R1,R2]`,
    "",
    "Reads every account of ROLECALL_ACCOUNTS (self, org or a list) with the AWS SDK's default",
    "credentials — the other accounts through ROLECALL_READER_ROLE — and writes, per account,",
    "DIR/<account>/iam.json (get-account-authorization-details), roles.json (list-roles) and",
    "vpce-<region>.json (describe-vpc-endpoints), plus DIR/organization.json (every account's SCP",
    "and RCP levels). ROLECALL_SNAPSHOT_DIR=DIR then gives the answers the live source gives.",
    "An account that cannot be read is named with its reason and the rest is written.",
    "Exit status: 0 everything was read, 1 something was not (see stderr), 2 bad usage.",
    "",
    "  --out DIR             the directory to write (created if missing)",
    "  --cloudtrail-days N   also the last N days of CloudTrail management events (LookupEvents,",
    "                        1 to 90; 2 calls per second per account and Region, so it takes a while)",
    "  --regions R1,R2       Regions of the VPC endpoints and CloudTrail events (default:",
    "                        ROLECALL_CLOUDTRAIL_REGIONS, else AWS_REGION plus us-east-1)",
    "",
    "example: ROLECALL_ACCOUNTS=org rolecall snapshot --out ./snapshot --cloudtrail-days 7",
  ].join("\n"),
  async run(ctx, argv) {
    const { values } = parseCommandArgs(NAME, argv, { out: { type: "string" }, "cloudtrail-days": { type: "string" }, regions: { type: "string" } });
    const out = required(NAME, values.out, "--out DIR");
    const days = integer(NAME, "--cloudtrail-days", values["cloudtrail-days"]);
    if (days !== undefined && (days < 1 || days > 90)) throw new UsageError(`rolecall ${NAME}: --cloudtrail-days must be from 1 to 90 (LookupEvents keeps 90 days)`);
    if (ctx.env.ROLECALL_SOURCE === "demo" || ctx.env.ROLECALL_SOURCE === "snapshot") {
      throw new UsageError(`rolecall ${NAME} reads AWS: drop --demo, --snapshot and ROLECALL_SOURCE=${ctx.env.ROLECALL_SOURCE}`);
    }
    const existing = await stat(out).catch(() => undefined);
    if (existing && !existing.isDirectory()) throw new UsageError(`rolecall ${NAME}: --out ${out} is a file, not a directory`);
    const { cloudTrailRegions } = await import("@/lib/sessions");
    const regions = values.regions
      ? values.regions.split(",").map((r) => r.trim()).filter(Boolean)
      : cloudTrailRegions(ctx.env);
    if (regions.length === 0) throw new UsageError(`rolecall ${NAME}: --regions needs at least one Region, e.g. --regions eu-west-1`);
    if (regions.some((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r))) throw new UsageError(`rolecall ${NAME}: --regions must be Region names such as eu-west-1 (got ${values.regions})`);

    const { AwsOrganization, organizationOptions } = await import("@/lib/account/aws-org");
    const { collectSnapshot } = await import("@/lib/account/collector");
    let settings;
    try {
      settings = organizationOptions(ctx.env);
    } catch (e) {
      throw new UsageError(`rolecall ${NAME}: ${(e as Error).message}`);
    }
    const org = new AwsOrganization({ ...settings, vpcEndpointRegions: regions });
    try {
      const result = await collectSnapshot(org, {
        out,
        regions,
        cloudtrailDays: days,
        progress: (line) => ctx.stderr.write(`rolecall ${NAME}: ${line}\n`),
      });
      const failed = result.accounts.filter((a) => !a.ok);
      ctx.stderr.write(
        `rolecall ${NAME}: ${result.accounts.length - failed.length} of ${result.accounts.length} accounts read in full, ${result.calls} AWS calls, ${result.retries} retries; wrote ${out}${result.organizationFile ? " (organization.json included)" : ""}\n`,
      );
      for (const a of failed) for (const p of a.problems) ctx.stderr.write(`rolecall ${NAME}: account ${a.account}: ${p}\n`);
      if (!result.ok) ctx.stderr.write(`rolecall ${NAME}: not everything was read: the snapshot lacks what is named above\n`);
      return result.ok ? EXIT.ok : EXIT.failure;
    } catch (e) {
      const { toReadError } = await import("@/lib/account/aws");
      ctx.stderr.write(`rolecall ${NAME}: could not start: ${toReadError(e, "sts:GetCallerIdentity").reason}\n`);
      return EXIT.failure;
    } finally {
      org.destroy();
    }
  },
};
