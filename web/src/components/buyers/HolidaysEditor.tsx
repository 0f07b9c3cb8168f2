import { Plus, X } from 'lucide-react'
import { useId, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'

function formatDay(iso: string): string {
  const date = new Date(`${iso}T12:00:00Z`)
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' })
}

/** Days the buyer is closed all day. */
export function HolidaysEditor({ holidays, onChange }: { holidays: string[]; onChange: (holidays: string[]) => void }) {
  const id = useId()
  const [date, setDate] = useState('')

  function add() {
    if (!date || holidays.includes(date)) return
    onChange([...holidays, date].sort())
    setDate('')
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={id}>Holiday date</Label>
          <Input id={id} type="date" value={date} onChange={(e) => setDate(e.target.value)} className="h-8 w-44" />
        </div>
        <Button type="button" variant="outline" size="sm" onClick={add} disabled={!date || holidays.includes(date)}>
          <Plus aria-hidden="true" />
          Add holiday
        </Button>
      </div>
      {holidays.length === 0 ? (
        <p className="text-sm text-muted-foreground">No holidays.</p>
      ) : (
        <ul aria-label="Holidays" className="flex flex-wrap gap-2">
          {holidays.map((day) => (
            <li key={day} className="inline-flex items-center gap-1 rounded-full border border-border bg-muted py-0.5 pr-1 pl-3 text-xs">
              <time dateTime={day}>{formatDay(day)}</time>
              <button
                type="button"
                aria-label={`Remove holiday ${day}`}
                onClick={() => onChange(holidays.filter((h) => h !== day))}
                className="rounded-full p-0.5 outline-none hover:bg-background focus-visible:ring-2 focus-visible:ring-ring"
              >
                <X className="size-3" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
