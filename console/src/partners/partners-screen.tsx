/** /partners: the list (and the add form), /partners/:code one partner. */
import { Route, Routes } from 'react-router';
import { PartnerPage } from './partner-page';
import { PartnersPage } from './partners-page';

export function PartnersScreen() {
  return (
    <Routes>
      <Route index element={<PartnersPage />} />
      <Route path=":code" element={<PartnerPage />} />
    </Routes>
  );
}
