import { Plus } from 'lucide-react'
import { useNavigate } from 'react-router'
import { SourcesReport } from '@/components/dni/SourcesReport'
import { TagsList } from '@/components/dni/TagsList'
import { PageHeader } from '@/components/layout/PageHeader'
import { Button } from '@/components/ui/button'
import { usePermissions } from '@/hooks/usePermissions'
import { ReadOnlyNote } from '@/components/shared/ReadOnlyNote'

export function DniPage() {
  const navigate = useNavigate()
  const create = () => navigate('/dni/new')
  const { canWrite } = usePermissions()
  return (
    <>
      <PageHeader
        title="DNI"
        description="Dynamic number insertion: show each website visitor a tracking number for their source."
        actions={
          canWrite('dni') ? (
            <Button onClick={create}>
              <Plus aria-hidden="true" />
              New tracking tag
            </Button>
          ) : (
            <ReadOnlyNote area="dni" />
          )
        }
      />
      <div className="flex flex-col gap-6">
        <TagsList onCreate={create} />
        <SourcesReport />
      </div>
    </>
  )
}
