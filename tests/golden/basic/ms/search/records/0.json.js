credcatSearchData("records/0.json", [
  {
    "facts": [
      "Sijil",
      "MQF 4",
      "120 jam",
      "3 kredit MQA",
      "Teradun"
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
      "Mikro-kredensial",
      "80 jam",
      "2 kredit MQA",
      "Teradun",
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
      "Mikro-kredensial",
      "MQF 4",
      "40 jam",
      "1 kredit MQA",
      "Dalam talian",
      "Percuma"
    ],
    "id": "data-cleaning",
    "issuer": "North University",
    "retired": false,
    "summary": "Mencari dan membetulkan ralat dalam set data berjadual.",
    "title": "Pembersihan Data",
    "url": "credentials/data-cleaning/"
  },
  {
    "facts": [
      "Lencana"
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
