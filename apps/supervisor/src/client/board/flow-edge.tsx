'use client';
// A data-flow edge: a dashed neon line whose dashes run at the live rate (thicker and faster when
// busier); hovering shows the rate and latency.
import { useState } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { BoardEdge } from './board-types';
import { formatRate } from './flow-style';

export function FlowEdge(props: EdgeProps<BoardEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const [hover, setHover] = useState(false);
  const feedback = data?.feedback === true;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, curvature: feedback ? 0.6 : 0.25 });
  const active = data?.active === true;
  const colour = feedback ? '#a46bff' : '#22e4ff';
  return (
    <g onMouseEnter={() => setHover(true)} onMouseLeave={() => setHover(false)} data-testid={`edge-${id}`} data-active={active} data-rate={data?.perSec ?? 0}>
      <BaseEdge
        id={id}
        path={path}
        interactionWidth={24}
        className={active ? 'helios-flow' : undefined}
        style={{
          stroke: colour,
          strokeOpacity: active ? (feedback ? 0.55 : 0.9) : 0.22,
          strokeWidth: data?.width ?? 1.5,
          strokeDasharray: active ? '8 6' : feedback ? '3 5' : undefined,
          animationName: active ? 'helios-dash' : undefined,
          animationDuration: `${data?.durationSec ?? 2}s`,
          animationTimingFunction: 'linear',
          animationIterationCount: 'infinite',
          filter: active && !feedback ? 'drop-shadow(0 0 3px rgba(34,228,255,0.8))' : undefined,
        }}
      />
      {hover && data !== undefined && (
        <EdgeLabelRenderer>
          <div
            className="pointer-events-none absolute z-10 rounded border border-neon-cyan/50 bg-abyss-950/95 px-2 py-1 font-mono text-[11px] text-slate-200 shadow-neon"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            role="tooltip"
          >
            <div className="text-neon-cyan">{data.families.join(' + ')}</div>
            <div>{formatRate(data.perSec)}</div>
            <div>latency p50 {data.latencyMsP50 === undefined ? '—' : `${data.latencyMsP50.toFixed(1)} ms`}</div>
          </div>
        </EdgeLabelRenderer>
      )}
    </g>
  );
}
