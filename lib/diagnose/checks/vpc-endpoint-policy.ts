// The policy of the VPC endpoint through which the caller reaches STS: an extra boundary on
// every request through it — it must allow, and a Deny in it denies (R1.20, R12.6). Without a
// custom policy an endpoint allows everything. An endpoint the model does not know is unknown.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html

import { decisiveDenies, narrowDeny, sidFor, statementsOf, withStatements, callerPrincipalArn, cfnId, type Doc, type Stmt } from "../fix-kit";
import { compactJson, shellQuote, terraformPolicyDocument, tfName, toYaml } from "../render";
import { shownTraces, statusOf, unknownKeysOf, whyUnknown, type RoleSetup } from "../setup";
import type { Fix } from "../types";
import type { AssumeRoleCheck } from "./types";

const NONE = "The request does not go through a VPC endpoint, so no endpoint policy applies.";

export const vpcEndpointPolicy: AssumeRoleCheck = {
  id: "vpc-endpoint-policy",
  title: "The VPC endpoint policy (the caller's STS endpoint)",
  withoutRole: (s) => (s.input.sourceVpce === undefined ? { status: "not-applicable", detail: NONE } : undefined),
  evaluate(s) {
    const id = s.input.sourceVpce;
    if (id === undefined) return { status: "not-applicable", detail: NONE };
    if (!s.endpoint) {
      return {
        status: "unknown",
        detail: `The VPC endpoint ${id} is not in the loaded data, so its policy is not known. Add the output of aws ec2 describe-vpc-endpoints for its Region to the snapshot (the aws source reads it with ec2:DescribeVpcEndpoints).`,
      };
    }
    const missing = s.model.unknownsFor(id).find((u) => u.fact === "endpoint policy");
    if (missing) return { status: "unknown", detail: `The policy of VPC endpoint ${id} is not known: ${missing.reason}.` };
    const where = `${id} (${s.endpoint.serviceName}${s.endpoint.vpcId ? ` in ${s.endpoint.vpcId}` : ""})`;
    const state = s.endpoint.state && s.endpoint.state.toLowerCase() !== "available" ? ` Note: the endpoint's state is ${s.endpoint.state}: only an available endpoint carries requests.` : "";
    if (!s.policies.endpoint) return { status: "pass", detail: `${where} has no custom policy: the default endpoint policy allows every action for every principal.${state}` };
    const e = s.assume;
    const st = statusOf(e, "endpoint");
    const traces = shownTraces(s, e, "endpoint");
    const keys = st === "pass" ? [] : unknownKeysOf(e, "endpoint");
    const detail =
      st === "pass"
        ? `The policy of ${where} allows sts:AssumeRole on ${s.role.arn}.`
        : st === "unknown"
          ? `Whether the policy of ${where} allows it depends on: ${whyUnknown(s, keys)}.`
          : e.opt.explicitDenyBy.includes("endpoint")
            ? `A Deny in the policy of ${where} matches sts:AssumeRole on ${s.role.arn}.`
            : `No statement of the policy of ${where} allows this caller sts:AssumeRole on ${s.role.arn}: an endpoint policy must allow every request that goes through it.`;
    return { status: st, detail: detail + state, traces, ...(keys.length ? { unknownKeys: keys } : {}) };
  },
  fixes(s, check) {
    const deny = decisiveDenies(check)[0];
    if (deny && s.endpoint) {
      const doc = deny.document;
      const narrowed = narrowDeny(statementsOf(doc)[deny.index]!, s.role.arn, callerPrincipalArn(s.caller), false);
      const newDoc = withStatements(
        doc,
        statementsOf(doc).map((x, i) => (i === deny.index ? narrowed : x)),
      );
      return [
        endpointPolicyFix(
          s,
          newDoc,
          narrowed,
          `Narrow the Deny in the policy of ${s.endpoint.id}`,
          `This Deny matches sts:AssumeRole on ${s.role.arn} through ${s.endpoint.id}. If it is deliberate (no such sessions from inside this VPC), leave it: assume the role from elsewhere. Otherwise narrow it so it no longer covers this caller.`,
        ),
      ];
    }
    const f = endpointFix(s, ["sts:AssumeRole"]);
    return f ? [f] : [];
  },
};

/** Add an Allow for the caller's `actions` on the role to the endpoint's policy. */
export function endpointFix(s: RoleSetup, actions: string[]): Fix | undefined {
  const ep = s.endpoint;
  if (!ep?.policy) return undefined;
  const arn = callerPrincipalArn(s.caller);
  const st: Stmt = {
    Sid: sidFor(`Allow${actions[0] === "sts:AssumeRole" ? "Assume" : actions[0]!.split(":")[1]}`, s.role.name),
    Effect: "Allow",
    Principal: "*",
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: s.role.arn,
    ...(arn ? { Condition: { ArnEquals: { "aws:PrincipalArn": arn } } } : {}),
  };
  return endpointPolicyFix(
    s,
    withStatements(ep.policy, [...statementsOf(ep.policy), st]),
    st,
    `Allow ${actions.join(" and ")} on ${s.role.name} in the policy of ${ep.id}`,
    `Requests through ${ep.id} need its policy to allow them, on top of every other policy. This statement allows ${arn ?? "the caller"} to call ${actions.join(" and ")} on ${s.role.arn} through it and nothing more.`,
  );
}

function endpointPolicyFix(s: RoleSetup, newDoc: Doc, statement: Stmt, title: string, explanation: string): Fix {
  const ep = s.endpoint!;
  const name = tfName(`${ep.id}_policy`);
  return {
    target: "vpc-endpoint-policy",
    title,
    explanation,
    statement,
    cli: `aws ec2 modify-vpc-endpoint${ep.region ? ` --region ${ep.region}` : ""} --vpc-endpoint-id ${ep.id} --policy-document ${shellQuote(compactJson(newDoc))}`,
    terraform: `${terraformPolicyDocument(`${ep.id}_policy`, newDoc)}\n\nresource "aws_vpc_endpoint_policy" "${name}" {\n  vpc_endpoint_id = "${ep.id}"\n  policy          = data.aws_iam_policy_document.${name}.json\n}`,
    cloudformation: `${cfnId(`${ep.serviceName.split(".").pop() ?? "sts"} endpoint`)}:\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcEndpointType: ${ep.type}\n    ServiceName: ${ep.serviceName}\n    VpcId: ${ep.vpcId ?? "VPC_ID"}\n    PolicyDocument:\n${toYaml(newDoc, 6)}\n    # … keep the endpoint's other properties (SubnetIds, SecurityGroupIds, PrivateDnsEnabled) as they are`,
    patches: [{ kind: "endpoint-policy", endpointId: ep.id, document: newDoc }],
  };
}
