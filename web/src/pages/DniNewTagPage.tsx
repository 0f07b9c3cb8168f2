import { useNavigate } from 'react-router'
import { TagForm } from '@/components/dni/TagForm'
import { PageHeader } from '@/components/layout/PageHeader'
import { BackLink } from '@/components/shared/BackLink'
import { usePermissions } from '@/hooks/usePermissions'
import { NoWriteAccess } from '@/components/shared/NoWriteAccess'

/** `/dni/new`: a tag's settings; saving opens its Install tab with the snippet. */
export function DniNewTagPage() {
  const navigate = useNavigate()
  const { canWrite } = usePermissions()
  return (
    <>
      <BackLink to="/dni">All tracking tags</BackLink>
      <PageHeader
        title="New tracking tag"
        description="Only the tag code and the campaign are required; every other setting has a sensible default."
      />
      {canWrite('dni') ? <TagForm onSaved={(id) => navigate(`/dni/${id}?tab=install`)} onCancel={() => navigate('/dni')} /> : <NoWriteAccess area="dni" />}
    </>
  )
}
