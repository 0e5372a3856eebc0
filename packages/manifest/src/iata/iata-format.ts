/** IATA Cargo-XML 3.00 message identities (root local name + namespace) the pipeline accepts. */
export const IATA_WAYBILL = { root: 'Waybill', namespace: 'iata:waybill:1' } as const;
export const IATA_HOUSE_WAYBILL = { root: 'HouseWaybill', namespace: 'iata:housewaybill:1' } as const;
