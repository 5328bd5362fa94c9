/** An area that exists in the navigation but has no screen yet: said plainly, never mocked. */
export function NotBuiltYet({ area, plannedIn }: { area: string; plannedIn: string }) {
  return (
    <>
      <h1>{area}</h1>
      <div className="notice" role="status">
        This area is not built yet. It is planned in {plannedIn}. No data is shown here until it exists.
      </div>
    </>
  );
}
