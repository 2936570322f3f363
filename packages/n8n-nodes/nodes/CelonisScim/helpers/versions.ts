// The node's versions as display conditions: a parameter shown only on saved version-1 nodes, or
// from version 1.1 on (see the version list in CelonisScim.node.ts).

export const ONLY_V1 = { '@version': [1] };
export const FROM_V1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };
