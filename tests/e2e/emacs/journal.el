;;; journal.el --- Drives journal-lsp from Emacs's eglot, headless, set up as the README says  -*- lexical-binding: t -*-
;; Debian's Emacs 28 with elpa-eglot and elpa-markdown-mode, in batch: open an entry, connect eglot through the
;; README's `eglot-server-programs' entry, wait for the index, then what a person reaches: the hover eldoc shows, M-.
;; on a written date (xref definitions), M-? (xref references: related days), C-M-. (xref apropos: workspace/symbol
;; asks the journal), and the code actions. Writes what it saw as JSON to $JOURNAL_OUT for the C# test; exits 0 when
;; every step was answered.
(require 'package)
(package-activate-all)
(require 'eglot)
(require 'markdown-mode)
(require 'xref)
(require 'json)

(defun journal--fail (message)
  (princ (format "FAIL: %s\n" message) #'external-debugging-output)
  (kill-emacs 1))

(defun journal--env (name) (or (getenv name) (journal--fail (concat name " is not set"))))

(let* ((file (journal--env "JOURNAL_FILE"))
       (server-dll (journal--env "JOURNAL_SERVER_DLL"))
       (index (journal--env "JOURNAL_INDEX"))
       (out (journal--env "JOURNAL_OUT"))
       (result nil))
  (condition-case err
      (progn
        ;; The README's set-up: our server for Markdown (eglot maps it to marksman by default).
        (with-eval-after-load 'eglot
          (add-to-list 'eglot-server-programs
                       `((markdown-mode gfm-mode) . ("dotnet" ,server-dll :initializationOptions (:indexLocation ,index)))))
        (find-file file)
        (unless (derived-mode-p 'markdown-mode) (journal--fail (format "%s opened in %s" file major-mode)))
        (call-interactively #'eglot)
        (let ((server (eglot-current-server)) (status nil))
          (unless server (journal--fail "eglot did not connect"))
          ;; The project eglot serves is the journal (a git root), not the file's year folder.
          (push (cons 'project (expand-file-name (project-root (eglot--project server)))) result)
          ;; The first run indexes two years of the diary: wait for it (status answers all along), ten minutes at most.
          (let ((deadline (+ (float-time) 600)))
            (while (progn (setq status (jsonrpc-request server :journal/status nil))
                          (not (and (eq (plist-get status :indexing) :json-false) (plist-get status :lastIndexedAt))))
              (when (> (float-time) deadline) (journal--fail "indexing did not finish"))
              (sleep-for 0.5)))
          (push (cons 'entries (plist-get status :entries)) result)
          (goto-char (point-min)) (forward-line 2) (forward-char 10)
          (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
            (push (cons 'hover (plist-get (plist-get hover :contents) :value)) result))
          (cl-flet ((files (items) (mapcar (lambda (x) (file-name-nondirectory (xref-location-group (xref-item-location x)))) items)))
            ;; M-? in the entry: its related days.
            (push (cons 'references (vconcat (files (xref-backend-references 'eglot (xref-backend-identifier-at-point 'eglot))))) result)
            ;; C-M-. "the plague in the city": the journal asked.
            (push (cons 'apropos (vconcat (files (xref-backend-apropos 'eglot "the plague in the city")))) result)
            ;; The code actions on the entry.
            (let* ((here (eglot--pos-to-lsp-position))
                   (actions (jsonrpc-request server :textDocument/codeAction
                                             (list :textDocument (eglot--TextDocumentIdentifier)
                                                   :range (list :start here :end here) :context (list :diagnostics [])))))
              (push (cons 'codeActions (vconcat (mapcar (lambda (a) (plist-get a :title)) actions))) result))
            ;; M-. on a date written in the entry: that day's entry.
            (goto-char (point-max))
            (insert "\nSee 1666-09-05 for the end of it.\n")
            (search-backward "1666-09-05") (forward-char 3)
            (eglot--signal-textDocument/didChange) ; what eglot sends after `eglot-send-changes-idle-time' of quiet
            (push (cons 'definition (vconcat (files (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot))))) result)
            (set-buffer-modified-p nil))
          (with-temp-file out (insert (json-encode result)))
          (eglot-shutdown server))
        (kill-emacs 0))
    (error (journal--fail (format "%S" err)))))
