import { Suspense } from 'react';
import { LoginForm } from './login-form';

export const metadata = { title: 'Helios supervisor · log in' };

export default function LoginPage() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <Suspense>
        <LoginForm />
      </Suspense>
    </main>
  );
}
