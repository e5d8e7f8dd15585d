/** /messages: the list, and /messages/:id the detail of one message. */
import { Route, Routes } from 'react-router';
import { MessagesPage } from '../messages-page';
import { MessageDetailPage } from './message-detail-page';

export function MessagesScreen() {
  return (
    <Routes>
      <Route index element={<MessagesPage />} />
      <Route path=":id" element={<MessageDetailPage />} />
    </Routes>
  );
}
