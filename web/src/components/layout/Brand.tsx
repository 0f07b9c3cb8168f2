import { PhoneCall } from 'lucide-react'
import { cn } from '@/lib/utils'

export function Brand({ className }: { className?: string }) {
  return (
    <span className={cn('flex items-center gap-2 font-semibold tracking-tight', className)}>
      <span className="grid size-7 place-items-center rounded-lg bg-primary text-primary-foreground">
        <PhoneCall className="size-4" aria-hidden="true" />
      </span>
      CallCenter Pro
    </span>
  )
}
