import { Plus } from 'lucide-react'
import { useState } from 'react'
import { PageHeader } from '@/components/layout/PageHeader'
import { CallFlowsList } from '@/components/callFlows/CallFlowsList'
import { Button } from '@/components/ui/button'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function CallFlowsPage() {
  const [creating, setCreating] = useState(false)
  const { canWrite } = usePermissions()
  return (
    <>
      <PageHeader
        title="Call Flows"
        description="Design IVR call flows visually: menus, key presses, routing and voicemail."
        actions={
          canWrite('flows') ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              New call flow
            </Button>
          ) : (
            <ReadOnlyNote area="flows" />
          )
        }
      />
      <CallFlowsList creating={creating} onCreatingChange={setCreating} />
    </>
  )
}
