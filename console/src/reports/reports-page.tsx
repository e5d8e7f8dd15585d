export function ReportsPage() { return <></>; }
