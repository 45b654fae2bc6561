"use client";
// The paths into a role as a graph: principals and roles as nodes, assumptions as edges, the
// conditions of each hop on its edge. Laid out by dagre (left to right), drawn by React Flow.

import "@xyflow/react/dist/style.css";
import dagre from "@dagrejs/dagre";
import { Background, Controls, MarkerType, Position, ReactFlow, type Edge, type Node } from "@xyflow/react";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { conditionLabel, shortName } from "@/lib/paths/describe";
import type { Reacher } from "@/lib/paths/types";
import { principalHref, roleHref } from "@/lib/ui/iam-format";

const WIDTH = 190;
const HEIGHT = 44;
/** Beyond this many reachers the graph shows the shortest paths only (the table lists them all). */
export const GRAPH_LIMIT = 60;

interface NodeData extends Record<string, unknown> {
  label: string;
  arn: string;
  kind: "target" | "role" | "user" | "service";
}

const TONE: Record<NodeData["kind"], string> = {
  target: "!border-accent-600 !bg-accent-50 !text-accent-900 font-semibold",
  role: "!border-zinc-300 !bg-white !text-zinc-900",
  user: "!border-sky-300 !bg-sky-50 !text-sky-950",
  service: "!border-violet-300 !bg-violet-50 !text-violet-950",
};

const KIND_TEXT: Record<NodeData["kind"], string> = { target: "this role", role: "role", user: "user", service: "AWS service" };

export function graphOf(role: string, reachers: Reacher[]): { nodes: Node<NodeData>[]; edges: Edge[] } {
  const shown = [...reachers].sort((a, b) => a.hops - b.hops).slice(0, GRAPH_LIMIT);
  const nodes = new Map<string, NodeData>([[role, { label: shortName(role), arn: role, kind: "target" }]]);
  const edges = new Map<string, Edge>();
  for (const r of shown) {
    let from = r.principal;
    if (!nodes.has(from)) nodes.set(from, { label: shortName(from), arn: from, kind: r.kind === "role" ? "role" : r.kind === "service" ? "service" : "user" });
    for (const h of r.path.hops) {
      if (!nodes.has(h.role)) nodes.set(h.role, { label: shortName(h.role), arn: h.role, kind: "role" });
      const id = `${from}>${h.role}`;
      if (!edges.has(id)) {
        const needs = h.requires.map(conditionLabel);
        edges.set(id, {
          id,
          source: from,
          target: h.role,
          label: needs.length ? needs.join(", ") : undefined,
          animated: false,
          style: { stroke: h.verdict === "allowed" ? "#059669" : "#d97706", strokeDasharray: h.verdict === "allowed" ? undefined : "5 4" },
          labelStyle: { fontSize: 11, fill: "#78350f" },
          markerEnd: { type: MarkerType.ArrowClosed, color: h.verdict === "allowed" ? "#059669" : "#d97706" },
          data: { verdict: h.verdict },
        });
      }
      from = h.role;
    }
  }
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of nodes.keys()) g.setNode(id, { width: WIDTH, height: HEIGHT });
  for (const e of edges.values()) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return {
    nodes: [...nodes].map(([id, data]) => {
      const p = g.node(id);
      return {
        id,
        data,
        position: { x: p.x - WIDTH / 2, y: p.y - HEIGHT / 2 },
        // left to right: assumptions leave a node on its right and enter on its left
        sourcePosition: Position.Right,
        targetPosition: Position.Left,
        type: "default",
        className: `!w-[190px] !rounded-md !border !px-2 !py-1 !text-[12px] ${TONE[data.kind]}`,
        draggable: false,
        connectable: false,
      };
    }),
    edges: [...edges.values()],
  };
}

export function PathGraph({ role, reachers }: { role: string; reachers: Reacher[] }) {
  const router = useRouter();
  const { nodes, edges } = useMemo(() => {
    const g = graphOf(role, reachers);
    return {
      nodes: g.nodes.map((n) => ({
        ...n,
        data: {
          ...n.data,
          label: (
            <span className="block leading-tight" title={n.data.arn}>
              <span className="block truncate">{n.data.label}</span>
              <span className="block text-[10px] font-normal opacity-70">{KIND_TEXT[n.data.kind]}</span>
            </span>
          ),
        },
      })),
      edges: g.edges,
    };
  }, [role, reachers]);
  return (
    <div className="h-[420px] rounded-md border border-zinc-200 bg-zinc-50" data-testid="path-graph" role="figure" aria-label={`Graph of the paths into ${shortName(role)}: ${nodes.length} principals and roles, ${edges.length} assumptions`}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onNodeClick={(_e, n) => {
          const d = n.data as { arn: string; kind: NodeData["kind"] };
          if (d.arn.startsWith("arn:")) router.push(d.kind === "user" ? principalHref(d.arn) : roleHref(d.arn));
        }}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
