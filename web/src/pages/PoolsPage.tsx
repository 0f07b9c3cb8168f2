import { Plus } from 'lucide-react'
import { useState } from 'react'
import { PageHeader } from '@/components/layout/PageHeader'
import { PoolsList } from '@/components/pools/PoolsList'
import { Button } from '@/components/ui/button'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function PoolsPage() {
  const [creating, setCreating] = useState(false)
  const { canWrite } = usePermissions()
  return (
    <>
      <PageHeader
        title="Number Pools"
        description="Group tracking numbers into pools and assign them to campaigns."
        actions={
          canWrite('numbers') ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              Create pool
            </Button>
          ) : (
            <ReadOnlyNote area="numbers" />
          )
        }
      />
      <PoolsList creating={creating} onCreatingChange={setCreating} />
    </>
  )
}
