import type { DragEvent } from 'react'
import { cn } from '@/lib/utils'
import { NODE_TYPES, nodeTypeDescriptions, nodeTypeLabels, type NodeType } from './model'
import { nodeIcons, nodeTones } from './nodeIcons'

export const PALETTE_MIME = 'application/x-callflow-node'

/** Every node type (but the Start): drag one onto the canvas, or click to add it in view. */
export function NodePalette({ onAdd, className }: { onAdd: (type: NodeType) => void; className?: string }) {
  const onDragStart = (event: DragEvent, type: NodeType) => {
    event.dataTransfer.setData(PALETTE_MIME, type)
    event.dataTransfer.effectAllowed = 'move'
  }
  return (
    <ul aria-label="Node types" className={cn('flex flex-col gap-1', className)}>
      {NODE_TYPES.filter((t) => t !== 'start').map((type) => {
        const Icon = nodeIcons[type]
        return (
          <li key={type}>
            <button
              type="button"
              draggable
              onDragStart={(e) => onDragStart(e, type)}
              onClick={() => onAdd(type)}
              title={`${nodeTypeDescriptions[type]}: drag onto the canvas or click to add`}
              aria-label={`Add ${nodeTypeLabels[type]}`}
              className="flex w-full cursor-grab items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring active:cursor-grabbing"
            >
              <span className={cn('grid size-6 shrink-0 place-items-center rounded', nodeTones[type])}>
                <Icon className="size-3.5" aria-hidden="true" />
              </span>
              <span className="truncate">{nodeTypeLabels[type]}</span>
            </button>
          </li>
        )
      })}
    </ul>
  )
}
