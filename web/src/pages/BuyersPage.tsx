import { Plus } from 'lucide-react'
import { useState } from 'react'
import { BuyersList } from '@/components/buyers/BuyersList'
import { PageHeader } from '@/components/layout/PageHeader'
import { Button } from '@/components/ui/button'

export function BuyersPage() {
  const [creating, setCreating] = useState(false)
  return (
    <>
      <PageHeader
        title="Buyers"
        description="The buyers and targets that receive your calls, with their caps, schedules and priorities."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Add buyer
          </Button>
        }
      />
      <BuyersList creating={creating} onCreatingChange={setCreating} />
    </>
  )
}
