'use client';
import { templates } from '@helios/strategy-dsl';
import { PALETTE, PALETTE_GROUPS } from './palette';

export const BLOCK_MIME = 'application/x-helios-block';
export const TEMPLATE_MIME = 'application/x-helios-template';

/** Blocks and templates: drag one onto the canvas, or click it (a template replaces the canvas, a block is added). */
export function PalettePanel({ onAddBlock, onTemplate }: { onAddBlock: (key: string) => void; onTemplate: (name: string) => void }) {
  return (
    <div className="space-y-4 text-xs" data-testid="palette">
      <section>
        <h3 className="mb-1 font-semibold uppercase tracking-wider text-slate-400">Templates</h3>
        <ul className="space-y-1">
          {Object.values(templates).map((t) => (
            <li key={t.name}>
              <button
                type="button"
                draggable
                data-testid={`template-${t.name}`}
                title={t.description}
                onDragStart={(e) => e.dataTransfer.setData(TEMPLATE_MIME, t.name)}
                onClick={() => onTemplate(t.name)}
                className="w-full rounded border border-neon-violet/50 bg-abyss-800 px-2 py-1 text-left text-slate-100 hover:border-neon-violet"
              >
                {t.name}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {PALETTE_GROUPS.map((group) => (
        <section key={group}>
          <h3 className="mb-1 font-semibold uppercase tracking-wider text-slate-400">{group}</h3>
          <div className="flex flex-wrap gap-1">
            {PALETTE.filter((b) => b.group === group).map((b) => (
              <button
                key={b.key}
                type="button"
                draggable
                data-testid={`palette-${b.key}`}
                title={b.hint}
                onDragStart={(e) => e.dataTransfer.setData(BLOCK_MIME, b.key)}
                onClick={() => onAddBlock(b.key)}
                className="rounded border border-abyss-600 bg-abyss-800 px-2 py-0.5 text-slate-200 hover:border-neon-cyan"
              >
                {b.title}
              </button>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
