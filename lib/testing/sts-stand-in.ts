// Test support: a local stand-in for STS in front of moto (AWS_ENDPOINT_URL_STS). moto assumes any
// role it is asked to (toolchain.md), so the stand-in refuses the roles it is told to with the
// AccessDenied STS really answers (the Query protocol's XML error, HTTP 403), and passes every
// other call on to moto unchanged. It records each call's parameters (never a header: the
// signature is there), so a test can see what reached STS.

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StsCall {
  action: string;
  params: Record<string, string>;
}

export interface StandInOptions {
  /** moto's URL */
  upstream: string;
  /** role ARN → the caller ARN to name in the refusal, as STS does (rules reference §5A) */
  refuse?: Record<string, string>;
}

export class StsStandIn {
  readonly calls: StsCall[] = [];
  url = "";
  private server?: Server;

  constructor(private readonly options: StandInOptions) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const params = Object.fromEntries(new URLSearchParams(body.toString("utf8")));
      const action = params.Action ?? "";
      this.calls.push({ action, params });
      const caller = action === "AssumeRole" ? this.options.refuse?.[params.RoleArn ?? ""] : undefined;
      if (caller) {
        res.writeHead(403, { "content-type": "text/xml" });
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n` +
            `    <Message>User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${params.RoleArn}</Message>\n  </Error>\n` +
            `  <RequestId>3c4c8d2e-6f5a-4b1e-9e2a-0d7f1c2b3a4d</RequestId>\n</ErrorResponse>\n`,
        );
        return;
      }
      const up = new URL(this.options.upstream);
      const fwd = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      fwd.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      fwd.end(body);
    });
  }
}
