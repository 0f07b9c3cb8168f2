import { Plus } from 'lucide-react'
import { useState } from 'react'
import { BuyersList } from '@/components/buyers/BuyersList'
import { PageHeader } from '@/components/layout/PageHeader'
import { Button } from '@/components/ui/button'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function BuyersPage() {
  const [creating, setCreating] = useState(false)
  const { canWrite } = usePermissions()
  return (
    <>
      <PageHeader
        title="Buyers"
        description="The buyers and targets that receive your calls, with their caps, schedules and priorities."
        actions={
          canWrite('buyers') ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              Add buyer
            </Button>
          ) : (
            <ReadOnlyNote area="buyers" />
          )
        }
      />
      <BuyersList creating={creating} onCreatingChange={setCreating} />
    </>
  )
}
