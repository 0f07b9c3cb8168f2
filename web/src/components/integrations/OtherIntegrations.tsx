import { ChartColumn, Contact, type LucideIcon } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'

const KINDS: { title: string; icon: LucideIcon; description: string }[] = [
  { title: 'CRM connectors', icon: Contact, description: 'Send calls and their callers to Salesforce, HubSpot and other CRMs.' },
  { title: 'Google Analytics and Meta', icon: ChartColumn, description: 'Report calls and conversions as events of your ad and analytics accounts.' },
]

/** The other kinds of integration the product plans, said plainly to be missing (no buttons, no data). */
export function OtherIntegrations() {
  return (
    <section aria-labelledby="other-integrations-heading" className="flex flex-col gap-3">
      <div>
        <h2 id="other-integrations-heading" className="text-lg font-semibold">
          Other integrations
        </h2>
        <p className="text-sm text-muted-foreground">Not built yet in this version. Until then, a webhook can feed most of these tools.</p>
      </div>
      <ul className="grid gap-3 sm:grid-cols-2">
        {KINDS.map((kind) => (
          <li key={kind.title}>
            <Card className="flex h-full flex-col gap-2 p-4">
              <div className="flex items-start justify-between gap-2">
                <span className="grid size-9 place-items-center rounded-full bg-muted text-muted-foreground">
                  <kind.icon className="size-4" aria-hidden="true" />
                </span>
                <Badge variant="neutral">Not available yet</Badge>
              </div>
              <h3 className="font-medium">{kind.title}</h3>
              <p className="text-sm text-muted-foreground">{kind.description}</p>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  )
}
