import type { Pool } from '@/api/types'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { PoolForm } from './PoolForm'

/** Create (no `pool`) or edit a pool's basic information. */
export function PoolFormDialog({ open, pool, onOpenChange }: { open: boolean; pool?: Pool; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{pool ? `Edit ${pool.name}` : 'Create pool'}</DialogTitle>
          <DialogDescription>A pool groups numbers that campaigns take from; each number belongs to one pool.</DialogDescription>
        </DialogHeader>
        {open && <PoolForm key={pool?.id ?? 'new'} pool={pool} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  )
}
