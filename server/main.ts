import { runLanguageServer } from './node';

// Entry point of dist/server.js and the release-flow-language-server binary.
runLanguageServer();
