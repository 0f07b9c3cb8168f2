import { FileUp, Plus } from 'lucide-react'
import { useState } from 'react'
import { PageHeader } from '@/components/layout/PageHeader'
import { AddNumberDialog } from '@/components/phoneNumbers/AddNumberDialog'
import { ImportCsvDialog } from '@/components/phoneNumbers/ImportCsvDialog'
import { PhoneNumbersList } from '@/components/phoneNumbers/PhoneNumbersList'
import { Button } from '@/components/ui/button'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function PhoneNumbersPage() {
  const [adding, setAdding] = useState(false)
  const [importing, setImporting] = useState(false)
  const { canWrite } = usePermissions()
  return (
    <>
      <PageHeader
        title="Phone Numbers"
        description="Your tracking numbers: where they route, their webhook URLs and how they are used."
        actions={
          !canWrite('numbers') ? (
            <ReadOnlyNote area="numbers" />
          ) : (
          <div className="flex gap-2">
            <Button variant="outline" onClick={() => setImporting(true)}>
              <FileUp aria-hidden="true" />
              Import CSV
            </Button>
            <Button onClick={() => setAdding(true)}>
              <Plus aria-hidden="true" />
              Add number
            </Button>
          </div>
          )
        }
      />
      <PhoneNumbersList onAdd={() => setAdding(true)} />
      <AddNumberDialog open={adding} onOpenChange={setAdding} />
      <ImportCsvDialog open={importing} onOpenChange={setImporting} />
    </>
  )
}
