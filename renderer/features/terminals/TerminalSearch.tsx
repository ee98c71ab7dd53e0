// The find bar over a terminal: type to search, Enter / Shift+Enter for next / previous,
// Escape closes and gives the keyboard back to the terminal.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TerminalSession } from './terminal-session';

export function TerminalSearch({ session, onClose }: { session: TerminalSession; onClose: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  useEffect(() => session.onSearchResults((index, count) => setResults({ index, count })), [session]);

  const close = () => {
    session.clearSearch();
    onClose();
    session.focus();
  };

  const find = (direction: 'next' | 'previous', incremental = false) => {
    if (!session.find(query, direction, incremental) && !query) setResults(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      find(e.shiftKey ? 'previous' : 'next');
    }
  };

  let count = '';
  if (query && results) count = results.count === 0 ? 'No results' : results.index >= 0 ? `${results.index + 1} of ${results.count}` : `${results.count} found`;

  return (
    <div className="terminal-search" role="search" data-testid="terminal-search">
      <input
        ref={inputRef}
        className="terminal-search__input"
        type="text"
        placeholder="Find in terminal"
        aria-label="Find in terminal"
        value={query}
        spellCheck={false}
        onChange={(e) => {
          const value = e.target.value;
          setQuery(value);
          if (!value) {
            session.clearSearch();
            setResults(null);
          } else session.find(value, 'next', true);
        }}
        onKeyDown={onKeyDown}
        data-testid="terminal-search-input"
      />
      <span className="terminal-search__count" aria-live="polite">
        {count}
      </span>
      <button type="button" className="terminal-icon-button" onClick={() => find('previous')} aria-label="Previous match" title="Previous match (Shift+Enter)" data-testid="terminal-search-prev">
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
          <path d="M4 10l4-4 4 4" />
        </svg>
      </button>
      <button type="button" className="terminal-icon-button" onClick={() => find('next')} aria-label="Next match" title="Next match (Enter)" data-testid="terminal-search-next">
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      <button type="button" className="terminal-icon-button" onClick={close} aria-label="Close find" title="Close (Escape)" data-testid="terminal-search-close">
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
          <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" />
        </svg>
      </button>
    </div>
  );
}
