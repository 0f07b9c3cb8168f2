import { useState } from 'react'
import { useParams } from 'react-router'
import { useCallFlow } from '@/api/callFlows'
import { isApiError } from '@/api/client'
import { FlowEditor } from '@/components/callFlows/FlowEditor'
import { PageLoading } from '@/components/shared/PageLoading'
import { QueryErrorAlert } from '@/components/shared/QueryErrorAlert'
import { NotFoundPage } from './NotFoundPage'

/** `/call-flows/:id`: the builder of one flow. */
export function CallFlowEditorPage() {
  const params = useParams()
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const flow = useCallFlow(valid ? id : undefined)
  // Bumped when the draft is replaced on the server (a rollback): the editor starts again from it.
  const [loads, setLoads] = useState(0)

  if (!valid || (isApiError(flow.error) && flow.error.status === 404)) return <NotFoundPage />
  if (flow.isPending) return <PageLoading label="Loading the call flow" />
  if (flow.isError) return <QueryErrorAlert title="The call flow could not be loaded." error={flow.error} onRetry={() => void flow.refetch()} />

  return (
    <FlowEditor
      key={`${id}:${loads}`}
      flow={flow.data}
      onReload={() => {
        void flow.refetch().then(() => setLoads((n) => n + 1))
      }}
    />
  )
}
