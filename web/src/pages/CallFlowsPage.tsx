import { Plus } from 'lucide-react'
import { useState } from 'react'
import { PageHeader } from '@/components/layout/PageHeader'
import { CallFlowsList } from '@/components/callFlows/CallFlowsList'
import { Button } from '@/components/ui/button'

export function CallFlowsPage() {
  const [creating, setCreating] = useState(false)
  return (
    <>
      <PageHeader
        title="Call Flows"
        description="Design IVR call flows visually: menus, key presses, routing and voicemail."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            New call flow
          </Button>
        }
      />
      <CallFlowsList creating={creating} onCreatingChange={setCreating} />
    </>
  )
}
