// Test support: a proxy in front of moto for every AWS service (AWS_ENDPOINT_URL), for the
// organization tests. moto cannot refuse an AssumeRole nor fail one account's calls; this proxy
// can, as AWS answers them:
// - `refuse`: AssumeRole of these role ARNs answers STS's AccessDenied (HTTP 403, Query XML);
// - it learns which account each access key belongs to (the hub's keys, and the keys moto
//   returns from each AssumeRole: the role's account), so `faults` can fail one account's calls:
//   `deny` (AccessDenied) or `throttle` (Throttling, `times` times);
// - it counts calls per account and action, and each AssumeRole per role ARN.
// It never records a header (the signature is there), nor a secret.

import http from "node:http";
import type net from "node:net";

export interface AccountFault {
  /** the account whose calls fail (by the access key that signed them) */
  account: string;
  /** the API action, e.g. GetAccountAuthorizationDetails */
  action: string;
  kind: "deny" | "throttle";
  /** throttle: how many calls fail before the next succeeds (default: all) */
  times?: number;
}

/** One request as a proxy sees it: the body, the protocol, the action and (Query protocol) the form parameters. */
export interface ProxiedCall {
  body: Buffer;
  /** JSON protocol (Organizations, CloudTrail: X-Amz-Target) rather than Query (IAM, STS: Action=… in the form body) */
  json: boolean;
  action: string;
  params: URLSearchParams;
}

/**
 * What both test proxies in front of moto share (this file's AwsProxy and aws.test.ts's fault proxy):
 * a loopback server, reading each call, forwarding it to moto — its answer unchanged, or edited —
 * and answering AWS errors in the call's protocol (awsError).
 */
export abstract class MotoProxy {
  url = "";
  private server?: http.Server;

  constructor(protected readonly upstream: string) {}

  protected abstract handle(call: ProxiedCall, req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.receive(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const target = req.headers["x-amz-target"];
    const json = typeof target === "string";
    const params = json ? new URLSearchParams() : new URLSearchParams(body.toString("utf8"));
    const action = json ? target.split(".").pop()! : (params.get("Action") ?? "?");
    await this.handle({ body, json, action, params }, req, res);
  }

  /** Forward the call to moto; `edit` (given moto's status and whole answer) may change the answer. */
  protected forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, edit?: (status: number, answer: Buffer) => Buffer): void {
    const up = http.request(`${this.upstream}${req.url ?? "/"}`, { method: req.method, headers: req.headers }, async (r) => {
      if (!edit) {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        return;
      }
      const parts: Buffer[] = [];
      for await (const c of r) parts.push(c as Buffer);
      const answer = edit(r.statusCode ?? 502, Buffer.concat(parts));
      res.writeHead(r.statusCode ?? 502, { ...r.headers, "content-length": String(answer.length) });
      res.end(answer);
    });
    up.on("error", () => {
      if (!res.headersSent && !res.destroyed) res.writeHead(502).end();
    });
    up.end(body);
  }
}

export class AwsProxy extends MotoProxy {
  refuse = new Set<string>();
  /**
   * Re-date each AssumeRole's Expiration by this process's clock (DurationSeconds from now), so
   * that a test that moves the clock (vi.useFakeTimers) sees sessions expire by that clock, not moto's.
   */
  clockedExpiry = false;
  faults: AccountFault[] = [];
  /** "account action" → calls */
  readonly counts = new Map<string, number>();
  /** role ARN → AssumeRole calls that reached the proxy */
  readonly assumed = new Map<string, number>();
  private readonly keyAccount = new Map<string, string>();

  /** Keys the tests sign with directly (the hub's), and their account. */
  knowKey(accessKeyId: string, account: string): void {
    this.keyAccount.set(accessKeyId, account);
  }

  reset(): void {
    this.clockedExpiry = false;
    this.counts.clear();
    this.assumed.clear();
    this.faults = [];
  }

  count(account: string, action: string): number {
    return this.counts.get(`${account} ${action}`) ?? 0;
  }

  protected async handle({ body, json, action, params }: ProxiedCall, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const key = /Credential=([A-Z0-9]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
    const account = this.keyAccount.get(key) ?? "unknown";
    const k = `${account} ${action}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);

    const roleArn = action === "AssumeRole" ? (params.get("RoleArn") ?? "") : "";
    if (roleArn) this.assumed.set(roleArn, (this.assumed.get(roleArn) ?? 0) + 1);
    if (roleArn && this.refuse.has(roleArn)) {
      return this.error(res, false, 403, "AccessDenied", `User: arn:aws:iam::${account}:user/dashboard is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    const fault = this.faults.find((f) => f.account === account && f.action === action && (f.times === undefined || f.times > 0));
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      if (fault.kind === "deny") return this.error(res, json, 403, "AccessDenied", `User: arn:aws:sts::${account}:assumed-role/rolecall-reader/rolecall is not authorized to perform: ${action}`);
      return this.error(res, json, 400, "Throttling", "Rate exceeded");
    }

    if (!roleArn) return this.forward(req, res, body);
    this.forward(req, res, body, (status, moto) => {
      if (status !== 200) return moto;
      let answer = moto.toString("utf8");
      if (this.clockedExpiry) {
        const seconds = Number(params.get("DurationSeconds") ?? 3600);
        answer = answer.replace(/<Expiration>[^<]*<\/Expiration>/, `<Expiration>${new Date(Date.now() + seconds * 1000).toISOString()}</Expiration>`);
      }
      const issued = /<AccessKeyId>([A-Z0-9]+)<\/AccessKeyId>/.exec(answer)?.[1];
      const roleAccount = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1];
      if (issued && roleAccount) this.keyAccount.set(issued, roleAccount);
      return Buffer.from(answer);
    });
  }

  private error(res: http.ServerResponse, json: boolean, status: number, code: string, message: string): void {
    awsError(res, json, status, code, message, "https://sts.amazonaws.com/doc/2011-06-15/");
  }
}

/**
 * An AWS error answer as the service would send it: the JSON protocol's (Organizations,
 * CloudTrail: HTTP 400 with the error type) or the Query protocol's XML (IAM, STS).
 */
export function awsError(res: http.ServerResponse, json: boolean, status: number, code: string, message: string, xmlns: string): void {
  if (json) {
    const type = code === "AccessDenied" ? "AccessDeniedException" : "TooManyRequestsException";
    res.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type });
    res.end(JSON.stringify({ __type: type, Message: message }));
    return;
  }
  res.writeHead(status, { "content-type": "text/xml" });
  res.end(`<ErrorResponse xmlns="${xmlns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`);
}
