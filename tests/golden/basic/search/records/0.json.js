credcatSearchData("records/0.json", [
  {
    "facts": [
      "Certificate",
      "MQF 4",
      "120 hours",
      "3 MQA credits",
      "Blended"
    ],
    "id": "data-certificate",
    "issuer": "North University",
    "retired": false,
    "summary": "A certificate made of short data credentials.",
    "title": "Certificate in Data Practice",
    "url": "credentials/data-certificate/"
  },
  {
    "facts": [
      "Micro-credential",
      "MQF 4",
      "40 hours",
      "1 MQA credits",
      "Online",
      "Free"
    ],
    "id": "data-cleaning",
    "issuer": "North University",
    "retired": false,
    "summary": "Find and fix errors in tabular data sets.",
    "title": "Data Cleaning",
    "url": "credentials/data-cleaning/"
  },
  {
    "facts": [
      "Micro-credential",
      "80 hours",
      "2 MQA credits",
      "Blended",
      "MYR 450"
    ],
    "id": "data-visualisation",
    "issuer": "North University",
    "retired": false,
    "summary": "Show data clearly: charts that inform, not mislead.",
    "title": "Data Visualisation",
    "url": "credentials/data-visualisation/"
  },
  {
    "facts": [
      "Badge"
    ],
    "id": "old-spreadsheets",
    "issuer": "Skills Board <Test & Co>",
    "retired": true,
    "summary": "Basic spreadsheets; replaced by Data Cleaning.",
    "title": "Spreadsheets (retired) </script><script>alert(1)</script>",
    "url": "credentials/old-spreadsheets/"
  }
]
);
