import { Plus } from 'lucide-react'
import { useState } from 'react'
import { PageHeader } from '@/components/layout/PageHeader'
import { PoolsList } from '@/components/pools/PoolsList'
import { Button } from '@/components/ui/button'

export function PoolsPage() {
  const [creating, setCreating] = useState(false)
  return (
    <>
      <PageHeader
        title="Number Pools"
        description="Group tracking numbers into pools and assign them to campaigns."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Create pool
          </Button>
        }
      />
      <PoolsList creating={creating} onCreatingChange={setCreating} />
    </>
  )
}
