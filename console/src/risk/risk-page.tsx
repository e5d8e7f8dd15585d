export function RiskPage() { return <></>; }
