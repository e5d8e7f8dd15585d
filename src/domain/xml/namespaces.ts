/** Namespace URIs of the documents the gateway reads and writes. */
export const NS = {
  /** Root schema module of the CITES ePermit toolkit v2 (`rsm:`). */
  citesEPermit2: 'urn:un:unece:uncefact:data:standard:CITESEPermit:2',
  /** Draft root of toolkit v1 (`CBFShip`). */
  cbfShip1: 'urn:un:unece:uncefact:data:draft:CBFShip:1',
  /** UN/CEFACT reusable aggregate business information entities (`ram:`), used by v1 and v2. */
  ram: 'urn:un:unece:uncefact:data:draft:ReusableAggregateBusinessInformationEntity:1',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xmlns: 'http://www.w3.org/2000/xmlns/',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;
