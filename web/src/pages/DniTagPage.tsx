import { AlertTriangle, Hash, Trash2, Users } from 'lucide-react'
import { useState } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { isApiError } from '@/api/client'
import { useTag } from '@/api/dni'
import { StatCard } from '@/components/dashboard/StatCard'
import { DeleteTagDialog } from '@/components/dni/DeleteTagDialog'
import { InstallPanel } from '@/components/dni/InstallPanel'
import { InstallState } from '@/components/dni/InstallState'
import { SessionsPanel } from '@/components/dni/SessionsPanel'
import { TagForm } from '@/components/dni/TagForm'
import { UsagePanel } from '@/components/dni/UsagePanel'
import { PageHeader } from '@/components/layout/PageHeader'
import { BackLink } from '@/components/shared/BackLink'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { StatusBadge } from '@/components/shared/StatusBadge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { formatCount, formatDateTime, formatPhone } from '@/lib/format'
import { NotFoundPage } from './NotFoundPage'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

const TABS = ['settings', 'install', 'sessions', 'usage'] as const
type Tab = (typeof TABS)[number]

/** `/dni/:id`: a tracking tag, with its Settings, Install, Sessions and Usage tabs (kept in `?tab=`). */
export function DniTagPage() {
  const params = useParams()
  const id = Number(params.id)
  const navigate = useNavigate()
  const [searchParams, setSearchParams] = useSearchParams()
  const requested = searchParams.get('tab')
  const tab: Tab = (TABS as readonly string[]).includes(requested ?? '') ? (requested as Tab) : 'settings'
  const tag = useTag(Number.isInteger(id) ? id : undefined)
  const [deleting, setDeleting] = useState(false)
  const { canWrite } = usePermissions()

  if (!Number.isInteger(id) || (isApiError(tag.error) && tag.error.status === 404)) return <NotFoundPage />
  if (tag.isPending) return <PageLoading label="Loading the tracking tag" />
  if (tag.isError) return <QueryErrorAlert title="The tracking tag could not be loaded." error={tag.error} onRetry={() => void tag.refetch()} />

  const t = tag.data
  const numbers =
    t.numberSource === 'static'
      ? { value: formatPhone(t.staticNumber), hint: 'Static number shown to every visitor' }
      : { value: `${formatCount(t.numbersInUse)} / ${formatCount(t.poolSize)}`, hint: `In use now, of ${t.poolName ?? 'the pool'}` }
  return (
    <>
      <BackLink to="/dni">All tracking tags</BackLink>
      <PageHeader
        title={t.name}
        description={[`Tag code ${t.tagCode}`, t.campaignName && `Campaign: ${t.campaignName}`, t.description].filter(Boolean).join(' · ')}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={t.status} />
            {canWrite('dni') ? (
              <Button variant="outline" className="text-destructive hover:text-destructive" onClick={() => setDeleting(true)}>
                <Trash2 aria-hidden="true" />
                Delete
              </Button>
            ) : (
              <ReadOnlyNote area="dni" />
            )}
          </div>
        }
      />
      <div className="flex flex-col gap-6">
        <section aria-label="Tag figures" className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
          <StatCard title="Sessions Today" icon={Users} value={formatCount(t.sessionsToday)} hint={`Sessions started today (UTC); ${formatCount(t.callsToday)} ${t.callsToday === 1 ? 'call' : 'calls'} credited`} />
          <StatCard title={t.numberSource === 'static' ? 'Number' : 'Numbers In Use'} icon={Hash} value={numbers.value} hint={numbers.hint} />
          <StatCard
            title="Pool Exhausted"
            icon={AlertTriangle}
            value={formatCount(t.exhaustedCount)}
            hint={t.lastExhaustedAt ? `Last ${formatDateTime(t.lastExhaustedAt)}` : 'Visitors who found every number taken'}
          />
          <Card className="flex min-w-0 flex-col gap-2 p-4 text-sm sm:p-5">
            <h2 className="text-sm font-medium text-muted-foreground">Install</h2>
            <InstallState tag={t} compact />
          </Card>
        </section>
        <Tabs value={tab} onValueChange={(next) => setSearchParams(next === 'settings' ? {} : { tab: next }, { replace: true })}>
          <TabsList aria-label="Tag views">
            <TabsTrigger value="settings">Settings</TabsTrigger>
            <TabsTrigger value="install">Install</TabsTrigger>
            <TabsTrigger value="sessions">Sessions</TabsTrigger>
            <TabsTrigger value="usage">Usage</TabsTrigger>
          </TabsList>
          <TabsContent value="settings">
            <TagForm key={t.updatedAt} tag={t} onSaved={() => undefined} />
          </TabsContent>
          <TabsContent value="install">
            <InstallPanel tag={t} onRefresh={() => void tag.refetch()} refreshing={tag.isFetching} />
          </TabsContent>
          <TabsContent value="sessions">
            <SessionsPanel tagId={t.id} />
          </TabsContent>
          <TabsContent value="usage">
            <UsagePanel tag={t} />
          </TabsContent>
        </Tabs>
      </div>
      <DeleteTagDialog tag={deleting ? t : undefined} onClose={() => setDeleting(false)} onDeleted={() => navigate('/dni', { replace: true })} />
    </>
  )
}
