/** The routing engine's notes on a decision (e.g. "duplicate caller: routed unpaid"). */
export function RoutingNotes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return <p className="text-sm text-muted-foreground">No notes.</p>
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      {notes.map((note, i) => (
        <li key={i}>{note}</li>
      ))}
    </ul>
  )
}
