import { describe, expect, it } from 'vitest'
import { defaultData, makeNode, NODE_TYPES, nextNodeId, outputsOf, parseGraph, serializeGraph, summaryOf, type NodeKind } from './model'

describe('outputsOf', () => {
  it('names the outputs of each node type as the server does (NodeKind::outputs)', () => {
    const expected: Record<string, string[]> = {
      start: ['next'],
      play: ['next'],
      trackingPixel: ['next'],
      menu: ['1', '2', 'timeout', 'invalid'],
      gather: ['success', 'timeout', 'invalid'],
      businessHours: ['open', 'closed', 'holiday'],
      router: ['route1', 'default'],
      splitter: ['a', 'b'],
      customLogic: ['yes', 'error'],
      lookup: ['success', 'failure'],
      dial: ['noAnswer'],
      routeToBuyers: [],
      rtbAuction: [],
      voicemail: [],
      hangup: [],
      goTo: [],
    }
    for (const type of NODE_TYPES) {
      expect(outputsOf({ type, data: defaultData(type) } as NodeKind), type).toEqual(expected[type])
    }
  })

  it('follows the data: menu keys, router routes, splitter branches, script outputs', () => {
    expect(outputsOf({ type: 'menu', data: { ...defaultData('menu'), keys: ['1', '9', '#'] } })).toEqual(['1', '9', '#', 'timeout', 'invalid'])
    expect(
      outputsOf({ type: 'router', data: { routes: [{ name: 'west', conditions: [] }, { name: 'east', conditions: [] }] } }),
    ).toEqual(['west', 'east', 'default'])
    expect(outputsOf({ type: 'splitter', data: { testName: 't', sticky: false, branches: [{ name: 'x', weight: 100 }] } })).toEqual(['x'])
    expect(outputsOf({ type: 'customLogic', data: { script: '', outputs: ['hot', 'cold'], sets: [] } })).toEqual(['hot', 'cold', 'error'])
  })
})

describe('graph JSON', () => {
  it('reads the server graph, filling missing data fields with the server defaults', () => {
    const graph = parseGraph({
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 } },
        { id: 'm', type: 'menu', data: { prompt: { kind: 'say', text: 'Hi' }, keys: ['1'] } },
        { id: 'x', type: 'teleport', data: {} },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'm' }, { id: 'bad' }],
    })
    expect(graph.nodes.map((n) => n.id)).toEqual(['start', 'm'])
    expect(graph.nodes[1]).toMatchObject({ type: 'menu', data: { keys: ['1'], timeoutSecs: 5, retries: 2, prompt: { kind: 'say', text: 'Hi' } } })
    expect(graph.nodes[1]!.position).toBeUndefined()
    expect(graph.edges).toEqual([{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'm' }])
  })

  it('writes the server shape: no data for nodes without properties, rounded positions', () => {
    const out = serializeGraph({
      nodes: [makeNode('start', 'start', { x: 0.4, y: 10.6 }), makeNode('play', 'play_1', { x: 300, y: 0 }), makeNode('hangup', 'hangup_1')],
      edges: [{ id: 'e', source: 'start', sourceHandle: 'next', target: 'play_1' }],
    })
    expect(out).toEqual({
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 11 } },
        { id: 'play_1', type: 'play', data: { prompt: { kind: 'say', text: '' }, loops: 1 }, position: { x: 300, y: 0 } },
        { id: 'hangup_1', type: 'hangup' },
      ],
      edges: [{ id: 'e', source: 'start', sourceHandle: 'next', target: 'play_1' }],
    })
  })

  it('gives new nodes unused ids and a summary', () => {
    expect(nextNodeId('menu', ['menu_1', 'menu_3'])).toBe('menu_2')
    expect(summaryOf({ id: 'g', type: 'goTo', data: { target: 'menu_1' } })).toBe('To menu_1')
    expect(summaryOf({ id: 'p', type: 'play', data: { prompt: { kind: 'say', text: 'Welcome' }, loops: 1 } })).toBe('“Welcome”')
  })
})
