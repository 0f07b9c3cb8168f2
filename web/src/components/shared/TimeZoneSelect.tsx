import { Check, ChevronsUpDown } from 'lucide-react'
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { Input } from '@/components/ui/input'
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'
import { cn } from '@/lib/utils'
import { timeZones } from '@/lib/timeZones'

interface TimeZoneSelectProps {
  id?: string
  value: string
  onChange: (zone: string) => void
  'aria-invalid'?: true | undefined
  'aria-describedby'?: string
}

const MAX_SHOWN = 100

/** Picks an IANA time zone (from `Intl.supportedValuesOf('timeZone')`), with a search box. */
export function TimeZoneSelect({ id, value, onChange, ...aria }: TimeZoneSelectProps) {
  const listId = useId()
  const [open, setOpen] = useState(false)
  const [search, setSearch] = useState('')
  const [active, setActive] = useState(0)
  const listRef = useRef<HTMLUListElement>(null)

  const matches = useMemo(() => {
    const needle = search.trim().toLowerCase().replace(/\s+/g, '_')
    const all = timeZones()
    return (needle ? all.filter((zone) => zone.toLowerCase().includes(needle)) : all).slice(0, MAX_SHOWN)
  }, [search])

  function choose(zone: string) {
    onChange(zone)
    setOpen(false)
    setSearch('')
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const next = Math.min(matches.length - 1, Math.max(0, active + (event.key === 'ArrowDown' ? 1 : -1)))
      setActive(next)
      listRef.current?.children[next]?.scrollIntoView?.({ block: 'nearest' })
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const zone = matches[active]
      if (zone) choose(zone)
    }
  }

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        if (next) setActive(Math.max(0, matches.indexOf(value)))
      }}
    >
      <PopoverTrigger asChild>
        <button
          id={id}
          type="button"
          role="combobox"
          aria-expanded={open}
          aria-haspopup="listbox"
          aria-controls={open ? listId : undefined}
          className={cn(
            'flex h-9 w-full items-center justify-between gap-2 rounded-md border border-input bg-background px-3 text-left text-sm shadow-xs',
            'outline-none focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 aria-invalid:border-destructive',
          )}
          {...aria}
        >
          <span className="truncate">{value || 'Select a time zone'}</span>
          <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
        </button>
      </PopoverTrigger>
      <PopoverContent className="w-[var(--radix-popover-trigger-width)] min-w-64 p-2">
        <Input
          autoFocus
          aria-label="Search time zones"
          aria-controls={listId}
          aria-activedescendant={matches[active] ? `${listId}-${active}` : undefined}
          placeholder="Search, e.g. New York"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value)
            setActive(0)
          }}
          onKeyDown={onKeyDown}
        />
        <ul ref={listRef} id={listId} role="listbox" aria-label="Time zones" className="mt-2 max-h-60 overflow-y-auto">
          {matches.length === 0 && <li className="px-2 py-1.5 text-sm text-muted-foreground">No time zone matches.</li>}
          {matches.map((zone, index) => (
            <li
              key={zone}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={zone === value}
              onClick={() => choose(zone)}
              onMouseMove={() => setActive(index)}
              className={cn(
                'flex cursor-default items-center justify-between rounded-md px-2 py-1.5 text-sm',
                index === active && 'bg-muted',
              )}
            >
              {zone.replace(/_/g, ' ')}
              {zone === value && <Check className="size-4 text-primary" aria-hidden="true" />}
            </li>
          ))}
        </ul>
      </PopoverContent>
    </Popover>
  )
}
