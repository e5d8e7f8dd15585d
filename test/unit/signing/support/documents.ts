/** Small unsigned documents for signing tests that must not depend on the permit mapping. */

/** A document that stresses canonicalisation: namespaces, CDATA, escapes, CRLF, non-ASCII, PIs, comments. */
export const STRESS_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
  '<?xml-stylesheet href="a.xsl" type="text/xsl"?>\r\n' +
  '<!-- leading comment -->\r\n' +
  '<r:Root xmlns:r="urn:root" xmlns="urn:default" xmlns:unused="urn:unused" xml:lang="en" b="2" a="1&amp;&lt;&#9;&#10;">\r\n' +
  '  <Item id="x">caf\u00e9 &amp; &lt;tag&gt; \u{1F98E}</Item>\r\n' +
  '  <![CDATA[ <raw> & text ]]>\r\n' +
  '  <Empty/>\r\n' +
  '  <r:Nested xmlns="">no namespace<!-- inner comment --> here</r:Nested>\r\n' +
  '  <?pi data?>\r\n' +
  '</r:Root>\r\n' +
  '<!-- trailing comment -->\r\n';

/** An exchange-envelope-like document without a declaration. */
export const ENVELOPE_XML =
  '<Envelope xmlns="urn:epix:exchange:1"><Header><MessageId>m-1</MessageId></Header><Body>text</Body></Envelope>';

/** A hand-written CITESEPermit v2 document (unsigned). */
export const PERMIT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CITESEPermit xmlns:rsm="urn:un:unece:uncefact:data:standard:CITESEPermit:2" xmlns:ram="urn:un:unece:uncefact:data:draft:ReusableAggregateBusinessInformationEntity:1">
  <rsm:HeaderExchangedDocument>
    <ram:ID>KE-2026-000123</ram:ID>
    <ram:TypeCode>E</ram:TypeCode>
    <ram:IssueDateTime>2026-03-02</ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainConsignment>
    <ram:IncludedSupplyChainConsignmentItem>
      <ram:ID>A</ram:ID>
      <ram:TransportLogisticsPackage><ram:ItemQuantity unitCode="PCS">150</ram:ItemQuantity></ram:TransportLogisticsPackage>
      <ram:IncludedSupplyChainTradeLineItem>
        <ram:SpecifiedTradeProduct><ram:ScientificName>Python sebae</ram:ScientificName></ram:SpecifiedTradeProduct>
      </ram:IncludedSupplyChainTradeLineItem>
    </ram:IncludedSupplyChainConsignmentItem>
  </rsm:SpecifiedSupplyChainConsignment>
</rsm:CITESEPermit>
`;
